using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>
/// An attack takes its gradients whatever the calling thread's autograd mode. libtorch keeps that mode per thread, so
/// a caller's no_grad (or one left on a pooled thread by other code) would otherwise make the losses graph-free, and
/// TorchSharp 0.107's autograd.grad aborts the whole process on such a loss (a test host crashed that way once in 30
/// runs of the Core suite).
/// </summary>
public class GradModeTests
{
    private static readonly string[] Tasks = ["segment_semantic", "normal", "depth_zbuffer"];

    [Theory]
    [InlineData("fgsm", "dgba")]
    [InlineData("pgd", "total")]
    [InlineData("apgd", "single(normal)")]
    [InlineData("pgd", "dgba-floor(0.5)")]
    [InlineData("pgd", "dgba-protect(normal)")]
    public void AnAttackInsideACallersNoGradGivesTheSameImagesAsOutside(string algorithm, string objective)
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var attack = new Attack(AttackCatalog.Algorithm(algorithm), AttackCatalog.Objectives(objective, Tasks).Single(), new AttackBudget(8, steps: 3));
        using var expected = attack.Run(model.Target(), batch, seed: 5);

        Tensor adversarial;
        using (no_grad())
        {
            adversarial = attack.Run(model.Target(), batch, seed: 5);
            Assert.False(is_grad_enabled(), "the attack must leave its caller's mode as it found it");
        }
        using (adversarial)
            Assert.True(adversarial.eq(expected).all().item<bool>(), $"{algorithm} x {objective} differs when run inside no_grad");
    }

    [Fact]
    public void LossesThatDoNotDependOnTheImagesAreAnErrorNotAProcessAbort()
    {
        using var model = new TinyModel();
        using var batch = TinyModel.RandomBatch(n: 2);
        var cut = model.Target();
        // A model whose forward cuts the graph: every prediction detached.
        var detached = new AttackTarget(images => cut.Forward(images).ToDictionary(kv => kv.Key, kv => kv.Value.detach()), cut.Tasks, cut.Bounds);
        using var context = new AttackContext(detached, batch);
        var error = Assert.Throws<InvalidOperationException>(() => new DgbaObjective().Step(context, batch.Images));
        Assert.Contains("do not depend on the input images", error.Message);
    }
}
