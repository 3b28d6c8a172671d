"""The answer pipeline: the question analysed once, then declared steps from retrieval to checked citations."""
