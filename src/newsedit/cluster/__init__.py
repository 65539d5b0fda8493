"""Running newsedit on a Ray cluster (the optional `ray` extra): engines in actors, duplicates as a shuffle."""
