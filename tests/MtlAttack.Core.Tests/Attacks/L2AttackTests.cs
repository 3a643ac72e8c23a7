using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>The L2 threat model: its projection against hand-computed values, and fgm, pgd-l2, apgd-l2 with every kind of objective.</summary>
public class L2AttackTests
{
    private static readonly string[] Tasks = ["segment_semantic", "normal", "depth_zbuffer"];
    private static readonly string[] L2Algorithms = ["fgm", "pgd-l2", "apgd-l2"];

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in L2Algorithms)
            foreach (var o in new[] { "single(normal)", "total", "signsum", "dgba", "dgba-protect(normal)", "dgba-floor(0.5)", "dgba-l0(20)" })
                data.Add(a, o);
        return data;
    }

    private static float[] Values(Tensor t) => t.to_type(ScalarType.Float32).data<float>().ToArray();

    /// <summary>Each image's L2 distance, computed pixel by pixel in double precision.</summary>
    private static double[] Distances(Tensor a, Tensor b)
    {
        var d = Values((a - b).flatten(1));
        long per = a.numel() / a.shape[0];
        return Enumerable.Range(0, (int)a.shape[0]).Select(i => Math.Sqrt(d.Skip((int)(i * per)).Take((int)per).Sum(v => (double)v * v))).ToArray();
    }

    [Fact]
    public void ProjectionMovesAnOutsidePointAlongTheRayOntoTheSphereAndLeavesAnInsidePoint()
    {
        // Two one-channel 1x2 images. Image 0: clean (1, -1), x (4, 3): offset (3, 4), length 5; at radius 2.5 it is
        // halved to (1.5, 2), so x becomes (2.5, 1). Image 1: offset (0.3, -0.4), length 0.5 < 2.5: unchanged.
        using var clean = tensor(new float[] { 1, -1, 0, 0 }).reshape(2, 1, 1, 2);
        using var x = tensor(new float[] { 4, 3, 0.3f, -0.4f }).reshape(2, 1, 1, 2);
        using var projected = ThreatModel.L2.ProjectOntoBall(x, clean, 2.5);
        Assert.Equal([2.5f, 1f, 0.3f, -0.4f], Values(projected), new FloatTolerance(1e-6f));

        // Then the pixel range [-2, 2] clamps image 0's first pixel; the point stays in the ball (2 - 1 = 1 <= 1.5).
        var bounds = new PixelBounds([-2], [2]);
        using var clamped = ThreatModel.L2.Project(bounds, x, clean, 2.5);
        Assert.Equal([2f, 1f, 0.3f, -0.4f], Values(clamped), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void ProjectionAtZeroRadiusGivesTheCleanImageAndNormalisingKeepsZeroDirectionsZero()
    {
        using var clean = tensor(new float[] { 1, -1 }).reshape(1, 1, 1, 2);
        using var x = tensor(new float[] { 4, 3 }).reshape(1, 1, 1, 2);
        using var projected = ThreatModel.L2.ProjectOntoBall(x, clean, 0);
        Assert.Equal([1f, -1f], Values(projected));

        using var directions = tensor(new float[] { 3, 4, 0, 0 }).reshape(2, 1, 1, 2);
        using var unit = L2Threat.Normalize(directions);
        Assert.Equal([0.6f, 0.8f, 0f, 0f], Values(unit), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void UniformStartsLieInTheBallAndRepeatBySeed()
    {
        using var clean = zeros(4, 3, 5, 5);
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        using var a = ThreatModel.L2.UniformSample(clean, 10, g1);
        using var b = ThreatModel.L2.UniformSample(clean, 10, g2);
        Assert.True(a.eq(b).all().item<bool>());
        // In 75 dimensions a uniform radius is below 0.9 * epsilon with probability 0.9^75 < 0.0004.
        Assert.All(Distances(a, clean), d => Assert.InRange(d, 9.0, 10 + 1e-4));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AdversarialImagesStayInTheL2BallAndThePixelRange(string algorithm, string objective)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var target = model.Target();
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), AttackCatalog.Objectives(objective, Tasks, 8).Single(),
            new AttackBudget(40, steps: 5, randomStart: true));
        using var adversarial = attack.Run(target, batch, seed: 5);

        Assert.Equal(batch.Images.shape, adversarial.shape);
        var distances = Distances(adversarial, batch.Images);
        Assert.All(distances, d => Assert.True(d <= 40 + 1e-3, $"{algorithm} x {objective}: L2 distance {d} exceeds epsilon 40"));
        Assert.All(distances, d => Assert.True(d > 1, $"{algorithm} x {objective} did not move an image ({d})"));
        PixelRangeAssert.Holds(target, adversarial);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ZeroEpsilonChangesNothing(string algorithm, string objective)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), AttackCatalog.Objectives(objective, Tasks).Single(),
            new AttackBudget(0, steps: 3, randomStart: true));
        using var adversarial = attack.Run(model.Target(), batch, seed: 5);
        Assert.True(adversarial.eq(batch.Images).all().item<bool>());
    }

    [Theory]
    [InlineData("fgm", "dgba")]
    [InlineData("pgd-l2", "dgba")]
    [InlineData("apgd-l2", "dgba")]
    [InlineData("pgd-l2", "total")]
    [InlineData("apgd-l2", "single(normal)")]
    [InlineData("pgd-l2", "signsum")]
    public void AttacksIncreaseTheirObjective(string algorithm, string objectiveName)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        using var context = new AttackContext(model.Target(), batch);
        var objective = AttackCatalog.Objectives(objectiveName, Tasks).Single();
        using var adversarial = new Attack(AttackCatalog.Algorithm(algorithm), objective, new AttackBudget(120, steps: 10)).Run(context);
        using var clean = objective.Value(context, context.CleanLosses);
        using var value = objective.Value(context, context.TaskLosses(adversarial).detach());
        Assert.True((value - clean).min().item<float>() > 0, $"{algorithm} x {objectiveName} did not raise its objective for every sample");
    }

    [Fact]
    public void FgmTakesOneStepOfLengthEpsilonAlongTheNormalisedGradient()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var target = model.Target();
        using var context = new AttackContext(target, batch);
        const double epsilon = 30;
        using var adversarial = new Attack(AttackCatalog.Algorithm("fgm"), new TotalLossObjective(), new AttackBudget(epsilon)).Run(context);

        // By hand: c from the objective, its norm per image summed pixel by pixel, clean + eps * c / ||c||, then the clamp.
        var (c, _) = new TotalLossObjective().Direction(context, batch.Images);
        var cv = Values(c);
        var clean = Values(batch.Images);
        var (lo, hi) = target.Bounds.AsTensors(CPU, ScalarType.Float32);
        var low = Values(lo); var high = Values(hi);
        int per = cv.Length / 2, plane = per / 3;
        var expected = new float[cv.Length];
        for (int i = 0; i < 2; i++)
        {
            double norm = Math.Sqrt(cv.Skip(i * per).Take(per).Sum(v => (double)v * v));
            Assert.True(norm > 0);
            for (int j = i * per; j < (i + 1) * per; j++)
            {
                int channel = (j - i * per) / plane;
                expected[j] = (float)Math.Clamp(clean[j] + epsilon * cv[j] / norm, low[channel], high[channel]);
            }
        }
        Assert.Equal(expected, Values(adversarial), new FloatTolerance(1e-3f));
        // Away from the clamp the step is exactly epsilon long.
        Assert.All(Distances(adversarial, batch.Images), d => Assert.InRange(d, 0, epsilon + 1e-3));
    }

    [Theory]
    [InlineData("pgd-l2")]
    [InlineData("apgd-l2")]
    public void RandomStartsRepeatBySeed(string algorithm)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), new TotalLossObjective(), new AttackBudget(40, steps: 2, randomStart: true));
        using var a = attack.Run(model.Target(), batch, seed: 9);
        using var b = attack.Run(model.Target(), batch, seed: 9);
        using var c = attack.Run(model.Target(), batch, seed: 10);
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Fact]
    public void CatalogNamesTheL2AlgorithmsAndTheirNorm()
    {
        foreach (var name in L2Algorithms)
        {
            var algorithm = AttackCatalog.Algorithm(name.ToUpperInvariant());
            Assert.Equal(name, algorithm.Name);
            Assert.Equal("l2", algorithm.Threat.Norm);
        }
        Assert.Equal("linf", AttackCatalog.Algorithm("pgd").Threat.Norm);
        Assert.Equal("fgsm", AttackCatalog.Algorithm("fgsm").Name);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));
        public int GetHashCode(float obj) => 0;
    }
}
