"""What officials asked and how they rated the answers: the store, the topics of a question, the review export
and the statistics of the admin page."""
