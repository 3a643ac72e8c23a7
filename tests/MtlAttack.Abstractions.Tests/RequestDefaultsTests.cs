using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace MtlAttack.Abstractions.Tests;

/// <summary>
/// A request that names no attack suite leaves its lists and steps null (the grains resolve Core's default suite), and
/// requests stored before those fields were nullable still read back.
/// </summary>
public class RequestDefaultsTests
{
    private static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void ARequestThatNamesNoSuiteLeavesItToTheGrains()
    {
        var request = new EvaluationRequest { Model = ModelKey.Parse("acme/small"), Dataset = "synthetic" };
        Assert.Null(request.Algorithms);
        Assert.Null(request.Objectives);
        Assert.Null(request.Epsilons);
        Assert.Null(request.Steps);
        var copy = Serializer.Deserialize<EvaluationRequest>(Serializer.SerializeToArray(request))!;
        Assert.Equal((null, null, null, (int?)null), (copy.Algorithms, copy.Objectives, copy.Epsilons, copy.Steps));
    }

    [Fact]
    public void StepsStoredAsAPlainNumberReadBackAsTheNullableField()
    {
        var stored = Serializer.SerializeToArray(new StepsAsStoredBefore { Steps = 7 });
        Assert.Equal(7, Serializer.Deserialize<StepsAsReadNow>(stored)!.Steps);
    }
}

/// <summary>The shape <see cref="EvaluationRequest.Steps"/> had when it was written as a plain number (same field id).</summary>
[GenerateSerializer]
public sealed record StepsAsStoredBefore
{
    [Id(5)] public int Steps { get; init; }
}

/// <summary>The shape it has now.</summary>
[GenerateSerializer]
public sealed record StepsAsReadNow
{
    [Id(5)] public int? Steps { get; init; }
}
