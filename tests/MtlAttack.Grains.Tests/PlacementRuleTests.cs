using System.Net;
using MtlAttack.Grains.Placement;

namespace MtlAttack.Grains.Tests;

public class PlacementRuleTests
{
    private static readonly SiloAddress Cpu1 = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1001), 1);
    private static readonly SiloAddress Gpu = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1002), 1);
    private static readonly SiloAddress Cpu2 = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1003), 1);

    private static string? Label(SiloAddress s) => s == Gpu ? "cuda" : "cpu";

    [Fact]
    public void CudaModelsGoOnlyToCudaSilos() =>
        Assert.Equal([Gpu], AcceleratorPlacementFilterDirector.Choose("cuda", [Cpu1, Gpu, Cpu2], Label, allowCpuFallback: true));

    [Fact]
    public void CpuModelsPreferCpuSilos() =>
        Assert.Equal([Cpu1, Cpu2], AcceleratorPlacementFilterDirector.Choose("cpu", [Cpu1, Gpu, Cpu2], Label, allowCpuFallback: false));

    [Fact]
    public void WithoutCudaSilosCpuIsUsedOnlyWhereAllowed()
    {
        Assert.Equal([Cpu1, Cpu2], AcceleratorPlacementFilterDirector.Choose("cuda", [Cpu1, Cpu2], Label, allowCpuFallback: true));
        var error = Assert.Throws<MtlAttackException>(() => AcceleratorPlacementFilterDirector.Choose("cuda", [Cpu1, Cpu2], Label, allowCpuFallback: false));
        Assert.Contains("No silo in the cluster has a cuda accelerator", error.Message);
        Assert.Contains("AllowCpuFallback", error.Message);
    }
}
