// Every class here runs its own cluster of five processes and a PostgreSQL server: side by side on a 2-core machine
// they would starve each other's failure detectors and distort every measured figure.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
