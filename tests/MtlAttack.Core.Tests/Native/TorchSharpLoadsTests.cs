using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Native;

public class TorchSharpLoadsTests
{
    [Fact]
    public void ConvolutionGradientMatchesFiniteDifference()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var conv = nn.Conv2d(2, 3, 3, padding: 1, dtype: ScalarType.Float64);
        using (torch.no_grad())
        {
            // Torch's constructor filled the weights from its global generator; redraw them from this test's own.
            conv.weight!.uniform_(-0.3, 0.3, generator);
            conv.bias!.uniform_(-0.3, 0.3, generator);
        }
        var x = torch.randn(new long[] { 1, 2, 5, 5 }, dtype: ScalarType.Float64, requires_grad: true, generator: generator);
        Tensor Objective(Tensor input) => conv.forward(input).tanh().pow(2).sum();

        Objective(x).backward();
        var analytic = x.grad!.clone();

        const double h = 1e-6;
        var flat = x.detach().clone().flatten();
        using (torch.no_grad())
        {
            foreach (var i in new long[] { 0, 7, 13, 31, 49 })
            {
                var plus = flat.clone(); plus[i] += h;
                var minus = flat.clone(); minus[i] -= h;
                double numeric = (Objective(plus.reshape(x.shape)).item<double>() - Objective(minus.reshape(x.shape)).item<double>()) / (2 * h);
                Assert.Equal(numeric, analytic.flatten()[i].item<double>(), 6);
            }
        }
    }

    [Fact]
    public void OutputCopyIsWeakenedOnlyWhereSystemLacksTheVersionAndCacheIsUntouched()
    {
        var output = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
        var weak = ElfVersionNeeds.Read(File.ReadAllBytes(output)).Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak;
        var libstdcxx = ElfVersionNeeds.FindSystemLibStdCxx();
        bool systemLacks = libstdcxx != null && !ElfVersionNeeds.Provides(libstdcxx, "GLIBCXX_3.4.32");
        Assert.Equal(systemLacks, weak);

        // The shared NuGet cache copy keeps the requirement as shipped.
        var cacheRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(cacheRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (File.Exists(cached))
            Assert.False(ElfVersionNeeds.Read(File.ReadAllBytes(cached)).Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak);

        // Only that one requirement was touched.
        Assert.All(ElfVersionNeeds.Read(File.ReadAllBytes(output)).Where(r => r.Version != "GLIBCXX_3.4.32"), r => Assert.False(r.IsWeak));
    }
}
