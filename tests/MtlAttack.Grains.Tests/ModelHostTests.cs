using Microsoft.Extensions.Logging.Abstractions;
using MtlAttack.Core.Models;

namespace MtlAttack.Grains.Tests;

public class ModelHostTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void LoadsOncePerCheckpointAndUnloadsWithTheLastLease()
    {
        string checkpoint = TinyModels.Save(folder.Sub("tiny"));
        using var host = new ModelHost(NullLogger<ModelHost>.Instance);
        var first = host.Acquire(checkpoint);
        var second = host.Acquire(checkpoint + "/");
        Assert.Same(first.Network, second.Network);
        Assert.Equal(2, host.ReferenceCount(checkpoint));
        Assert.False(first.Network.training, "networks are served in eval mode");
        Assert.All(first.Network.parameters(), p => Assert.False(p.requires_grad));

        first.Dispose();
        first.Dispose(); // a lease releases once
        Assert.Equal(1, host.ReferenceCount(checkpoint));
        second.Dispose();
        Assert.Equal(0, host.LoadedCount);

        using var third = host.Acquire(checkpoint);
        Assert.NotSame(second.Network, third.Network);
    }

    [Fact]
    public void NonFiniteWeightsAreRefusedWithTheCheckpointsOwnMessage()
    {
        string checkpoint = TinyModels.Save(folder.Sub("nan"), withNaN: true);
        using var host = new ModelHost(NullLogger<ModelHost>.Instance);
        var error = Assert.Throws<CheckpointException>(() => host.Acquire(checkpoint));
        Assert.Contains("NaN or infinite", error.Message);
        Assert.Equal(0, host.LoadedCount);
    }

    public void Dispose() => folder.Dispose();
}
