"""The duplicates engine's parts: repeats inside an article, teasers, boilerplate, batch groups."""
