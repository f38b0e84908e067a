p = = "SOFTWARE"
