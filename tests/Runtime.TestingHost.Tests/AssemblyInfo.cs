// Clusters of real silos per test: running two test classes at once on a 2-core machine would only make both slower
// and their failure detection noisier.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
