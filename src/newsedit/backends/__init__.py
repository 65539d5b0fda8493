"""The slow parts behind one door each: servers and models that start once and are reused."""
