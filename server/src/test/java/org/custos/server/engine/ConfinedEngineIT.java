package org.custos.server.engine;

/** The conformance suite against the For You bundle confined by bubblewrap, as the server runs it. */
class ConfinedEngineIT extends EngineConformance {
    @Override
    EngineServices.Hooks hooks() {
        return EngineServices.Hooks.NONE;
    }
}
