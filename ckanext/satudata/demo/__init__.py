"""The demo portal: accounts, sample data and the mail sink."""
