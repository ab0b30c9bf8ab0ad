"""What the tests and the benchmarks share: the app launched on loopback, the page driven in
headless Chromium, the costliest configurations the controls reach, small statistics.

The tests never import `benchmarks/`; the benchmarks import this package as `tests.harness`
(the tests, with `tests/` on their path, as `harness`)."""
