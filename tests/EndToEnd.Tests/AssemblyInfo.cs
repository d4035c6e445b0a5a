// Every class here runs its own cluster of processes (scripts/cluster.sh, which picks free ports by probing) and a
// PostgreSQL server: two starts at once could pick the same port, and side by side on a 2-core machine they would
// starve each other's failure detectors and distort every measured figure. One at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
