using MtlAttack.Core.Attacks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>The invariant every attack keeps whatever its norm: adversarial pixels stay in the target's valid range (to 1e-4).</summary>
internal static class PixelRangeAssert
{
    public static void Holds(AttackTarget target, Tensor adversarial, string? attack = null)
    {
        var (lo, hi) = target.Bounds.AsTensors(CPU, ScalarType.Float32);
        Assert.True(adversarial.ge(lo - 1e-4).all().item<bool>() && adversarial.le(hi + 1e-4).all().item<bool>(),
            attack is null ? "pixels left the valid range" : $"{attack}: pixels left the valid range");
    }
}
