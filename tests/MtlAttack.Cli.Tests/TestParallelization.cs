// The commands under test drive libtorch from one thread while Spectre.Console refreshes progress on another.
// TorchSharp leaves the Scalars it creates for `tensor op number` to the garbage collector (dotnet/TorchSharp#1434),
// and with several commands running at once a collection can finalise one while libtorch still reads it
// ("Unknown scalar type"). Running the CLI tests one at a time keeps that race out of the suite; the hot attack
// loop itself holds its scalars explicitly (PixelBounds, the algorithms).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
