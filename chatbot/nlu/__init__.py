"""Understanding a question: tag entities, score intents, pick one, apply context."""
