"""The ideas step: an open question, answers typed on phones, upvotes, a word cloud."""
