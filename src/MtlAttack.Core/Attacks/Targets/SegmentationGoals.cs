using System.Globalization;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Targets;

/// <summary>Goals of a classification task: the scored pixels' goal labels; pixels not scored stay at the ignore label 255.</summary>
public abstract class SegmentationGoal(string task) : TargetGoal(task)
{
    public override void Check(VisionTask visionTask)
    {
        if (visionTask is not SemanticSegmentationTask segmentation)
            throw new ArgumentException($"Target '{this}' needs a segmentation task; '{visionTask.Name}' is not one.");
        CheckClasses(segmentation.ClassCount);
    }

    /// <summary>Throws when the goal does not fit <paramref name="classCount"/> classes.</summary>
    protected abstract void CheckClasses(int classCount);

    public override Tensor Goal(VisionTask visionTask, Tensor target, Tensor mask)
    {
        Check(visionTask);
        var segmentation = (SemanticSegmentationTask)visionTask;
        using var scope = NewDisposeScope();
        using var ignore = TaskNames.IgnoreLabel.ToScalar();
        using var half = 0.5.ToScalar();
        var labels = target.to_type(ScalarType.Float64);
        var scored = mask.to_type(ScalarType.Float64).gt(half).logical_and(labels.ne(ignore));
        var goal = GoalLabels(labels, segmentation.ClassCount);
        return where(scored, goal, full_like(labels, ignore)).to_type(target.dtype).MoveToOuterDisposeScope();
    }

    public override Tensor Reached(PixelLosses pixels) => pixels.Prediction.argmax(1, keepdim: true).eq(pixels.Reference);

    /// <summary>The goal label of every pixel (float64, any value where not scored), given the model's class count.</summary>
    protected abstract Tensor GoalLabels(Tensor labels, int classCount);
}

/// <summary><c>segment_semantic=class:K</c>: every scored pixel to class K.</summary>
public sealed class ClassGoal : SegmentationGoal
{
    public ClassGoal(string task, int targetClass) : base(task)
    {
        if (targetClass < 0 || targetClass >= TaskNames.IgnoreLabel)
            throw new ArgumentException($"Target class {targetClass} is outside 0..{TaskNames.IgnoreLabel - 1}: write {task}=class:K with K a class of the model.");
        TargetClass = targetClass;
    }

    public int TargetClass { get; }

    public override string Text => $"class:{TargetClass.ToString(CultureInfo.InvariantCulture)}";

    protected override void CheckClasses(int classCount)
    {
        if (TargetClass >= classCount)
            throw new ArgumentException($"Target '{this}' asks for class {TargetClass}, but the model's {Task} has classes 0..{classCount - 1}.");
    }

    protected override Tensor GoalLabels(Tensor labels, int classCount) => full_like(labels, TargetClass);
}

/// <summary>
/// <c>segment_semantic=shift:K</c>: a class permutation, every scored pixel of class y to class (y + K) mod C, C the model's
/// class count, so each pixel is pulled to another class (when K is not a multiple of C) and the goal map keeps the
/// scene's layout.
/// </summary>
public sealed class ClassShiftGoal : SegmentationGoal
{
    public ClassShiftGoal(string task, int shift) : base(task)
    {
        if (shift < 1 || shift >= TaskNames.IgnoreLabel)
            throw new ArgumentException($"Class shift {shift} is outside 1..{TaskNames.IgnoreLabel - 1}: write {task}=shift:K to send class y to (y + K) mod the class count.");
        Shift = shift;
    }

    public int Shift { get; }

    public override string Text => $"shift:{Shift.ToString(CultureInfo.InvariantCulture)}";

    protected override void CheckClasses(int classCount)
    {
        if (Shift % classCount == 0)
            throw new ArgumentException($"Target '{this}' shifts by a multiple of the model's {classCount} classes, so every pixel's goal is its own label; pick a shift that is not a multiple of {classCount}.");
    }

    protected override Tensor GoalLabels(Tensor labels, int classCount) => (labels + Shift).fmod(classCount);
}
