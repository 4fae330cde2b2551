"""Demo employers for `seed_demo` (`seeder.seed`): the data in `data/`, the code in `seeder.py`."""
