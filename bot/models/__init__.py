"""The trained models, as data files (`*.npz`), rebuilt by `training/train.py`."""
