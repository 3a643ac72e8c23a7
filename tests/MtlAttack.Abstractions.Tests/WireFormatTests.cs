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

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void EvaluationRequestRoundTrips()
    {
        var request = new EvaluationRequest
        {
            Model = ModelKey.Parse("acme/small"),
            Dataset = "synthetic:count=20",
            Algorithms = ["pgd"],
            Objectives = ["single(normal)", "dgba"],
            Epsilons = [0.5, 4],
            Steps = 3,
            RandomStart = true,
            Split = "val",
            BatchSize = 7,
            MaxSamples = 11,
            Seed = 42,
            ReportDirectory = "/tmp/r",
        };
        var copy = RoundTrip(request);
        Assert.Equal(request.Model, copy.Model);
        Assert.Equal(request.Objectives, copy.Objectives);
        Assert.Equal(request.Epsilons, copy.Epsilons);
        Assert.Equal((3, true, "val", 7, 11, 42, "/tmp/r"), (copy.Steps, copy.RandomStart, copy.Split, copy.BatchSize, copy.MaxSamples, copy.Seed, copy.ReportDirectory));
    }

    /// <summary>A request that names no attack suite leaves its lists and steps null: the grains resolve Core's default suite.</summary>
    [Fact]
    public void ARequestThatNamesNoSuiteLeavesItToTheGrains()
    {
        var request = new EvaluationRequest { Model = ModelKey.Parse("acme/small"), Dataset = "synthetic" };
        Assert.Null(request.Algorithms);
        Assert.Null(request.Objectives);
        Assert.Null(request.Epsilons);
        Assert.Null(request.Steps);
        var copy = RoundTrip(request);
        Assert.Equal((null, null, null, (int?)null), (copy.Algorithms, copy.Objectives, copy.Epsilons, copy.Steps));
    }

    /// <summary>Requests stored while steps was a plain number read back into the nullable field.</summary>
    [Fact]
    public void StepsStoredAsAPlainNumberReadBackAsTheNullableField()
    {
        var stored = Serializer.SerializeToArray(new StepsAsStoredBefore { Steps = 7 });
        Assert.Equal(7, Serializer.Deserialize<StepsAsReadNow>(stored)!.Steps);
    }
    [Fact]
    public void BatchStatisticsRoundTripExactly()
    {
        var batch = new BatchStatistics(new WorkItem(new CellDescriptor("pgd", "dgba", 4), 3),
            new Dictionary<string, TaskStatisticsData> { ["normal"] = new([1.5, 0.1 + 0.2, double.Epsilon], 12.25, 8) });
        var copy = RoundTrip(batch);
        Assert.Equal(batch.Item, copy.Item);
        Assert.Equal(batch.Tasks["normal"].MetricState, copy.Tasks["normal"].MetricState);
        Assert.Equal(12.25, copy.Tasks["normal"].LossSum);
        Assert.Equal(8, copy.Tasks["normal"].Samples);
        Assert.Null(RoundTrip(new WorkItem(null, 0)).Cell);
    }

    [Fact]
    public void StatusRegistrationAndErrorsRoundTrip()
    {
        var status = new EvaluationStatus("acme.1", EvaluationState.Failed, 3, 10, "boom", "/r");
        Assert.Equal(status, RoundTrip(status));
        var registration = new ModelRegistration(ModelKey.Parse("acme/small"), "/models/small", "cpu");
        Assert.Equal(registration, RoundTrip(registration));
        var error = RoundTrip(new MtlAttackException("Tenant acme has no model 'x'.", MtlAttackErrorKind.NotFound));
        Assert.Equal("Tenant acme has no model 'x'.", error.Message);
        Assert.Equal(MtlAttackErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public void RegistrationValidationNamesTheProblem()
    {
        Assert.Contains("no checkpoint directory", Assert.Throws<ArgumentException>(() => new ModelRegistration(ModelKey.Parse("a/b"), " ").Validate()).Message);
        Assert.Contains("use 'cuda' or 'cpu'", Assert.Throws<ArgumentException>(() => new ModelRegistration(ModelKey.Parse("a/b"), "/m", "tpu").Validate()).Message);
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
