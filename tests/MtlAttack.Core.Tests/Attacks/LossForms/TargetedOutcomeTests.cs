using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Targets;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks.LossForms;

/// <summary>
/// One image of two pixels with fixed predictions, so that exactly one pixel of each task reaches its goal: segmentation
/// predicts classes (1, 0) against class:1, depth (1, 2) against scale:2 of (1, 1), normals the goal and a perpendicular.
/// </summary>
public class TargetedOutcomeTests
{
    private static readonly double Cos30 = Math.Cos(Math.PI / 6), Sin30 = Math.Sin(Math.PI / 6);

    private static (AttackTarget Target, MultiTaskBatch Batch) Fixed()
    {
        var predictions = new Dictionary<string, Tensor>
        {
            [TaskNames.SegmentSemantic] = tensor(new[] { 0f, 3, 2, 1 }, [1, 2, 1, 2]),
            [TaskNames.Depth] = tensor(new[] { 1f, 2 }, [1, 1, 1, 2]),
            // Pixel 0: (1,0,0) rotated by 30 degrees about z; pixel 1: the z axis, perpendicular to its goal.
            [TaskNames.Normal] = tensor(new[] { (float)Cos30, 0, (float)Sin30, 0, 0, 1 }, [1, 3, 1, 2]),
        };
        IReadOnlyList<VisionTask> tasks = [new SemanticSegmentationTask(2), new SurfaceNormalTask(), new DepthTask()];
        var target = new AttackTarget(_ => predictions, tasks, PixelBounds.From(ImageNormalization.NyuV2));
        var ones = torch.ones(1, 1, 1, 2);
        var batch = new MultiTaskBatch(zeros(1, 3, 1, 2),
            new Dictionary<string, Tensor>
            {
                [TaskNames.SegmentSemantic] = tensor(new[] { 0f, 0 }, [1, 1, 1, 2]),
                [TaskNames.Depth] = tensor(new[] { 1f, 1 }, [1, 1, 1, 2]),
                [TaskNames.Normal] = tensor(new[] { 1f, 1, 0, 0, 0, 0 }, [1, 3, 1, 2]),
            },
            new Dictionary<string, Tensor> { [TaskNames.SegmentSemantic] = ones.clone(), [TaskNames.Depth] = ones.clone(), [TaskNames.Normal] = ones.clone() });
        return (target, batch);
    }

    [Fact]
    public void EachGoalCountsThePixelsThatReachedIt()
    {
        var (target, batch) = Fixed();
        var goals = TargetGoals.Parse("segment_semantic=class:1,depth_zbuffer=scale:2,normal=rotate:z:30", "dgba+target(...)", TaskNames.NyuV2);
        var outcome = TargetedOutcome.Measure(target, batch, batch.Images, goals);

        foreach (var task in TaskNames.NyuV2)
        {
            Assert.Equal(2, outcome[task].ScoredPixels);
            Assert.Equal(1, outcome[task].PixelsAtGoal);
            Assert.Equal(0.5, outcome[task].FractionAtGoal);
            Assert.Equal(1, outcome[task].Samples);
        }
        // Depth: |1 - 2| and |2 - 2| over two pixels. Normals: 1 - cos 0 and 1 - cos 90 degrees over two pixels.
        Assert.Equal(0.5, outcome[TaskNames.Depth].MeanGoalLoss, 6);
        Assert.Equal(0.5, outcome[TaskNames.Normal].MeanGoalLoss, 6);
        var merged = outcome[TaskNames.Depth].Plus(outcome[TaskNames.Depth]);
        Assert.Equal((4.0, 2, 0.5), (merged.ScoredPixels, merged.Samples, merged.FractionAtGoal));
    }
}
