"""Staff accounts: municipalities, neighbourhoods and the people who work for them."""
