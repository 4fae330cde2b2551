"""Demo job seekers for `seed_demo` (`seeder.seed`): the data in `data.py`, the timelines in
`timeline.py`, the code that writes them through the services in `seeder.py`."""
