using System.Globalization;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Targets;

/// <summary>
/// Goals of a classification task: the scored pixels' goal labels; pixels not scored stay at the ignore label 255.
/// <c>segment_semantic=class:K</c> sends every scored pixel to class K. <c>segment_semantic=shift:K</c> is a class
/// permutation, every scored pixel of class y to class (y + K) mod C, C the model's class count, so each pixel is pulled
/// to another class (when K is not a multiple of C) and the goal map keeps the scene's layout.
/// </summary>
public sealed class ClassGoal : TargetGoal
{
    private ClassGoal(string task, bool shift, int amount) : base(task)
    {
        IsShift = shift;
        Amount = amount;
    }

    public static ClassGoal To(string task, int targetClass) =>
        targetClass >= 0 && targetClass < TaskNames.IgnoreLabel
            ? new ClassGoal(task, false, targetClass)
            : throw new ArgumentException($"Target class {targetClass} is outside 0..{TaskNames.IgnoreLabel - 1}: write {task}=class:K with K a class of the model.");

    public static ClassGoal Shifted(string task, int shift) =>
        shift >= 1 && shift < TaskNames.IgnoreLabel
            ? new ClassGoal(task, true, shift)
            : throw new ArgumentException($"Class shift {shift} is outside 1..{TaskNames.IgnoreLabel - 1}: write {task}=shift:K to send class y to (y + K) mod the class count.");

    /// <summary>Whether every label is shifted by <see cref="Amount"/>, rather than every pixel sent to class <see cref="Amount"/>.</summary>
    public bool IsShift { get; }
    public int Amount { get; }

    public override string Text => (IsShift ? "shift:" : "class:") + Amount.ToString(CultureInfo.InvariantCulture);

    public override void Check(VisionTask visionTask)
    {
        if (visionTask is not SemanticSegmentationTask segmentation)
            throw new ArgumentException($"Target '{this}' needs a segmentation task; '{visionTask.Name}' is not one.");
        int classCount = segmentation.ClassCount;
        if (!IsShift && Amount >= classCount)
            throw new ArgumentException($"Target '{this}' asks for class {Amount}, but the model's {Task} has classes 0..{classCount - 1}.");
        if (IsShift && Amount % classCount == 0)
            throw new ArgumentException($"Target '{this}' shifts by a multiple of the model's {classCount} classes, so every pixel's goal is its own label; pick a shift that is not a multiple of {classCount}.");
    }

    public override Tensor Goal(VisionTask visionTask, Tensor target, Tensor mask)
    {
        Check(visionTask);
        int classCount = ((SemanticSegmentationTask)visionTask).ClassCount;
        using var scope = NewDisposeScope();
        using var ignore = TaskNames.IgnoreLabel.ToScalar();
        using var half = 0.5.ToScalar();
        var labels = target.to_type(ScalarType.Float64);
        var scored = mask.to_type(ScalarType.Float64).gt(half).logical_and(labels.ne(ignore));
        var goal = IsShift ? (labels + Amount).fmod(classCount) : full_like(labels, Amount);
        return where(scored, goal, full_like(labels, ignore)).to_type(target.dtype).MoveToOuterDisposeScope();
    }

    public override Tensor Reached(PixelLosses pixels) => pixels.Prediction.argmax(1, keepdim: true).eq(pixels.Reference);
}
