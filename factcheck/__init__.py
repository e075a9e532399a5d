"""factcheck: claim-by-claim fact-checking of news articles."""
