package org.custos.release.tool;

import picocli.CommandLine.Command;

/**
 * {@code custos release}: submit, list, show, review, approve, reject, revoke and deploy releases on a running
 * server ({@code --url}, {@code --token}), and verify an artifact offline from the public log (the regulator's tool).
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Submit, review, deploy and verify releases of the owner's algorithm.",
        subcommands = {SubmitCommand.class, ListCommand.class, ShowCommand.class, ReviewCommands.Review.class,
                ReviewCommands.Approve.class, ReviewCommands.Reject.class, RevokeCommand.class, DeployCommand.class,
                VerifyCommand.class})
public final class ReleaseCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
