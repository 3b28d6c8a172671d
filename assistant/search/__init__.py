"""Search over the report: chunking, embedders, the vector store, BM25 and the index that holds them."""
