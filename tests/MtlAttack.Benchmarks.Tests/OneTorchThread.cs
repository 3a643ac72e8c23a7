using System.Runtime.CompilerServices;
using MtlAttack.Core.Native;

namespace MtlAttack.Benchmarks.Tests;

/// <summary>
/// Runs this test process's torch work on the product's default thread count, set before any test runs: libtorch gives
/// a count only to threads that have not run torch work yet, and xUnit runs test classes on many threads at once.
/// One thread also makes every result bit-reproducible (see <see cref="TorchThreads"/>).
/// </summary>
internal static class OneTorchThread
{
#pragma warning disable CA2255 // A test assembly is an application: this is its start-up.
    [ModuleInitializer]
    internal static void Apply() => TorchThreads.Apply(null);
#pragma warning restore CA2255
}
