using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace MtlAttack.Abstractions.Tests;

/// <summary>The DTOs cross silo boundaries: they must survive Orleans serialization unchanged.</summary>
public class WireFormatTests
{
    private static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void DatasetDescriptionRoundTrips()
    {
        var original = new DatasetDescription("synthetic:count=10", "synthetic scenes", 64, 48,
            new Dictionary<string, int> { ["train"] = 8, ["test"] = 2 }, ["segment_semantic", "normal"], "BGR", [104.0, 116.7, 122.7]);
        var copy = Serializer.Deserialize<DatasetDescription>(Serializer.SerializeToArray(original))!;
        Assert.Equal(original.Spec, copy.Spec);
        Assert.Equal(original.Height, copy.Height);
        Assert.Equal(original.Width, copy.Width);
        Assert.Equal(original.SplitCounts, copy.SplitCounts);
        Assert.Equal(original.Tasks, copy.Tasks);
        Assert.Equal(original.Mean, copy.Mean);
    }

    [Fact]
    public void ModelKeyRoundTrips()
    {
        var key = ModelKey.Parse("acme/small");
        Assert.Equal(key, Serializer.Deserialize<ModelKey>(Serializer.SerializeToArray(key)));
    }
}
