using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Training;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Training;

public sealed class CachedDatasetTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void CachedSamplesEqualTheDatasetsAndSurviveTheCallersDisposal()
    {
        var dataset = TinyTraining.Dataset();
        using var cache = new CachedDataset(dataset, long.MaxValue);
        using (var scope = NewDisposeScope())
        {
            using var first = cache.Load("train", 2);
        }
        Assert.Equal(1, cache.CachedCount);

        using var again = cache.Load("train", 2);
        using var direct = dataset.Load("train", 2);
        Assert.True(again.Image.eq(direct.Image).all().item<bool>());
        Assert.All(direct.Targets, kv => Assert.True(again.Targets[kv.Key].eq(kv.Value).all().item<bool>(), kv.Key));
        Assert.Equal(1, cache.CachedCount);
    }

    [Fact]
    public void NothingPastTheBudgetIsKept()
    {
        var dataset = TinyTraining.Dataset();
        using var probe = dataset.Load("train", 0);
        long sampleBytes = (probe.Image.NumberOfElements + probe.Targets.Values.Sum(t => t.NumberOfElements) + probe.Masks.Values.Sum(m => m.NumberOfElements)) * 4;
        using var cache = new CachedDataset(dataset, 2 * sampleBytes + sampleBytes / 2);
        for (int i = 0; i < 5; i++) cache.Load("train", i).Dispose();
        Assert.Equal(2, cache.CachedCount);
        Assert.Equal(2 * sampleBytes, cache.UsedBytes);
    }

    [Fact]
    public void CachingChangesNoWeight()
    {
        var dataset = TinyTraining.Dataset();
        var options = TinyTraining.Options(temp.Path) with { Epochs = 2, Augment = true };
        var cached = new MultiTaskTrainer(options with { OutputDirectory = Path.Combine(temp.Path, "cached") }, dataset).Run();
        var uncached = new MultiTaskTrainer(options with { OutputDirectory = Path.Combine(temp.Path, "uncached"), SampleCacheMegabytes = 0 }, dataset).Run();
        var a = TinyTraining.Weights(cached.LastDirectory);
        var b = TinyTraining.Weights(uncached.LastDirectory);
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
    }
}
