using System.Globalization;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Targets;

/// <summary>
/// <c>depth_zbuffer=scale:F</c> (goal depth F times the true depth) or <c>depth_zbuffer=shift:D</c> (true depth plus D, in
/// the dataset's depth units). Pixels without a depth (0) stay without one; a shifted depth that is not positive is not
/// scored, as the depth task never scores such a pixel.
/// </summary>
public sealed class DepthGoal : TargetGoal
{
    private DepthGoal(string task, bool scale, double amount) : base(task)
    {
        IsScale = scale;
        Amount = amount;
    }

    public static DepthGoal Scaled(string task, double factor) =>
        double.IsFinite(factor) && factor > 0 && factor != 1
            ? new DepthGoal(task, true, factor)
            : throw new ArgumentException($"Depth scale {factor.ToString(CultureInfo.InvariantCulture)}: write {task}=scale:F with F a positive number other than 1, e.g. scale:2.");

    public static DepthGoal Shifted(string task, double offset) =>
        double.IsFinite(offset) && offset != 0
            ? new DepthGoal(task, false, offset)
            : throw new ArgumentException($"Depth shift {offset.ToString(CultureInfo.InvariantCulture)}: write {task}=shift:D with D a non-zero number of depth units, e.g. shift:0.5.");

    public bool IsScale { get; }
    public double Amount { get; }

    public override string Text => (IsScale ? "scale:" : "shift:") + Amount.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A depth reaches the goal within this factor (depth's delta &lt; 1.25, against the goal).</summary>
    public const double ReachedFactor = 1.25;

    public override Tensor Reached(PixelLosses pixels)
    {
        using var scope = NewDisposeScope();
        using var factor = ReachedFactor.ToScalar();
        using var tiny = 1e-12.ToScalar();
        var prediction = pixels.Prediction.clamp_min(tiny);
        var goal = pixels.Reference.clamp_min(tiny);
        return maximum(prediction / goal, goal / prediction).lt(factor).MoveToOuterDisposeScope();
    }

    public override Tensor Goal(VisionTask visionTask, Tensor target, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var zero = 0.ToScalar();
        using var amount = Amount.ToScalar();
        var measured = target.gt(zero);
        var moved = IsScale ? target * amount : target + amount;
        return where(measured, moved, zeros_like(target)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// <c>normal=rotate:AXIS:DEGREES</c>: every normal rotated about the camera's x, y or z axis by the angle (right-handed,
/// in the normals' own coordinates). Missing normals (zero vectors) stay zero, so they stay not scored.
/// </summary>
public sealed class NormalRotationGoal : TargetGoal
{
    public NormalRotationGoal(string task, char axis, double degrees) : base(task)
    {
        if (axis is not ('x' or 'y' or 'z'))
            throw new ArgumentException($"Rotation axis '{axis}': write {task}=rotate:AXIS:DEGREES with AXIS x, y or z, e.g. rotate:z:30.");
        if (!double.IsFinite(degrees) || degrees % 360 == 0)
            throw new ArgumentException($"Rotation angle {degrees.ToString(CultureInfo.InvariantCulture)}: write {task}=rotate:{axis}:DEGREES with an angle that is not a multiple of 360, e.g. rotate:{axis}:30.");
        Axis = axis;
        Degrees = degrees;
    }

    public char Axis { get; }
    public double Degrees { get; }

    public override string Text => $"rotate:{Axis}:{Degrees.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>A normal reaches the goal within this angle (the normals' tightest "within" metric).</summary>
    public const double ReachedDegrees = 11.25;

    public override Tensor Reached(PixelLosses pixels)
    {
        using var limit = Math.Cos(ReachedDegrees * Math.PI / 180).ToScalar();
        using var cosine = nn.functional.cosine_similarity(pixels.Prediction, pixels.Reference, 1);
        return cosine.unsqueeze(1).ge(limit);
    }

    public override Tensor Goal(VisionTask visionTask, Tensor target, Tensor mask)
    {
        if (target.dim() != 4 || target.shape[1] != 3)
            throw new ArgumentException($"Target '{this}' rotates 3-vectors; the {visionTask.Name} targets are [{string.Join(",", target.shape)}].");
        using var scope = NewDisposeScope();
        double radians = Degrees * Math.PI / 180, c = Math.Cos(radians), s = Math.Sin(radians);
        // The 3x3 rotation matrix R, row-major: goal = R n for each pixel's normal n.
        double[] matrix = Axis switch
        {
            'x' => [1, 0, 0, 0, c, -s, 0, s, c],
            'y' => [c, 0, s, 0, 1, 0, -s, 0, c],
            _ => [c, -s, 0, s, c, 0, 0, 0, 1],
        };
        var rotation = tensor(matrix, [3, 3], dtype: ScalarType.Float64).to(target.device);
        var rotated = einsum("ij,njhw->nihw", rotation, target.to_type(ScalarType.Float64));
        return rotated.to_type(target.dtype).MoveToOuterDisposeScope();
    }
}
