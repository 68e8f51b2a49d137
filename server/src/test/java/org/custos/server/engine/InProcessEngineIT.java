package org.custos.server.engine;

import java.time.ZoneOffset;
import java.util.Optional;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.ForYouAlgorithm;
import org.custos.recsys.api.FrameTap;

/** The conformance suite against the For You algorithm in this JVM (the baseline of the confined one). */
class InProcessEngineIT extends EngineConformance {
    @Override
    EngineServices.Hooks hooks() {
        return new EngineServices.Hooks(FrameTap.NONE, Optional.of(new InProcessLauncher(
                () -> new ForYouAlgorithm(EngineConfig.defaults(1, ZoneOffset.UTC)))));
    }
}
