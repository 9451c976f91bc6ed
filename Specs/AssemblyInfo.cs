// Specs run fixture by fixture in parallel; a fixture that drives a browser or a shared program says so itself.
[assembly: Parallelizable(ParallelScope.Fixtures)]
