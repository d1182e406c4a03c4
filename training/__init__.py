"""Training the bot's models from ../shared/data (not part of the package; needs `.[train]`)."""
