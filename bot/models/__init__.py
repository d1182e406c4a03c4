"""The trained models, as data files (`*.bin`: plain arrays and a JSON header, as
`bot.index.container` writes them), rebuilt by the scripts in `training/`."""
