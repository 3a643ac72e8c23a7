using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Training;

public class TrainingOptionsValidationTests
{
    private static readonly TrainingOptions Valid = new() { OutputDirectory = "/tmp/out" };

    public static TheoryData<TrainingOptions, string[]> Invalid => new()
    {
        { Valid with { OutputDirectory = " " }, ["OutputDirectory", "best/ and last/"] },
        { Valid with { Backbone = "resnet9000" }, ["Backbone", "small", "resnet34"] },
        { Valid with { Layout = "{0,1}|{2" }, ["Layout", "fully shared"] },
        { Valid with { Tasks = [] }, ["Tasks", "leave it null"] },
        { Valid with { Tasks = ["segmentation", "sonar"] }, ["Tasks", "sonar"] },
        { Valid with { Epochs = 0 }, ["Epochs", "at least 1"] },
        { Valid with { BatchSize = -2 }, ["BatchSize", "positive"] },
        { Valid with { ValidationBatchSize = 0 }, ["ValidationBatchSize", "positive"] },
        { Valid with { Optimizer = "rmsprop" }, ["Optimizer", "sgd or adam"] },
        { Valid with { LearningRate = 0 }, ["LearningRate", "positive"] },
        { Valid with { LearningRate = double.NaN }, ["LearningRate", "positive"] },
        { Valid with { Momentum = 1 }, ["Momentum", "[0, 1)"] },
        { Valid with { WeightDecay = -1e-4 }, ["WeightDecay", "0 or a small positive"] },
        { Valid with { LearningRateSchedule = "step" }, ["LearningRateSchedule", "poly, cosine, constant"] },
        { Valid with { PolyPower = 0 }, ["PolyPower", "0.9"] },
        { Valid with { TaskWeights = new Dictionary<string, double> { ["normal"] = -1 } }, ["TaskWeights", "normal", ">= 0"] },
        { Valid with { ValidationSplit = "" }, ["ValidationSplit", "test"] },
        { Valid with { BestCriterion = "accuracy" }, ["BestCriterion", "relative or loss"] },
        { Valid with { SampleCacheMegabytes = -1 }, ["SampleCacheMegabytes", "use 0"] },
        { Valid with { Device = "tpu" }, ["Device", "cpu", "cuda"] },
        { Valid with { Adversarial = "cw" }, ["Adversarial", "fgsm", "pgd", "apgd", "null for clean training"] },
        { Valid with { Adversarial = "pgd", AdvObjective = "mean" }, ["AdvObjective", "total", "dgba"] },
        { Valid with { Adversarial = "pgd", AdvObjective = "single" }, ["AdvObjective", "single(normal)"] },
        { Valid with { Adversarial = "pgd", AdvEpsilon = 0 }, ["AdvEpsilon", "(0, 255]"] },
        { Valid with { Adversarial = "pgd", AdvEpsilon = 300 }, ["AdvEpsilon", "(0, 255]"] },
        { Valid with { Adversarial = "pgd", AdvSteps = 0 }, ["AdvSteps", "1..1000"] },
        { Valid with { Adversarial = "pgd", AdvStepSize = -1 }, ["AdvStepSize", "positive", "AdvEpsilon / AdvSteps"] },
        { Valid with { Adversarial = "pgd", AdvRatio = 0 }, ["AdvRatio", "(0, 1]"] },
        { Valid with { Adversarial = "pgd", AdvRatio = 1.5 }, ["AdvRatio", "(0, 1]"] },
        { Valid with { ResumeFrom = "" }, ["ResumeFrom", "last"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void InvalidOptionsAreRefusedWithWhatToFix(TrainingOptions options, string[] expected)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.All(expected, text => Assert.Contains(text, error.Message));
    }

    [Fact]
    public void DefaultsAndAdversarialDefaultsAreValid()
    {
        Valid.Validate();
        (Valid with { Adversarial = "pgd" }).Validate();
        (Valid with { Adversarial = "fgsm", AdvObjective = "dgba", Optimizer = "SGD", LearningRateSchedule = "Cosine" }).Validate();
        (Valid with { Adversarial = "apgd", AdvObjective = "single(normal)", AdvRatio = 1 }).Validate();
    }

    [Fact]
    public void ABadDatasetSpecNamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { Dataset = "imagenet:/data" }));
        Assert.Contains("Dataset", error.Message);
        Assert.Contains("synthetic", error.Message);
    }

    [Fact]
    public void TasksAndWeightsAreCheckedAgainstTheDataset()
    {
        var dataset = TinyTraining.Dataset();
        var noKeypoints = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { Tasks = ["keypoints"] }, dataset));
        Assert.Contains("keypoints2d", noKeypoints.Message);
        Assert.Contains("depth_zbuffer", noKeypoints.Message);

        var aliasWeight = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { TaskWeights = new Dictionary<string, double> { ["depth"] = 2 } }, dataset));
        Assert.Contains("canonical", aliasWeight.Message);

        var allZero = new Dictionary<string, double> { ["segment_semantic"] = 0, ["normal"] = 0, ["depth_zbuffer"] = 0 };
        Assert.Contains("positive weight", Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { TaskWeights = allZero }, dataset)).Message);

        var noSplit = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { ValidationSplit = "val" }, dataset));
        Assert.Contains("'val'", noSplit.Message);
    }

    [Fact]
    public void ALayoutThatDoesNotFitTheBackboneOrTasksSaysWhatWould()
    {
        var dataset = TinyTraining.Dataset();
        var shortLayout = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { Layout = "{0,1,2}|{0}{1}{2}" }, dataset));
        Assert.Contains("Layout", shortLayout.Message);
        Assert.Contains("5 blocks over 3 tasks", shortLayout.Message);

        var twoTasks = Assert.Throws<ArgumentException>(() => new MultiTaskTrainer(Valid with { Layout = "{0,1}|{0,1}|{0,1}|{0}{1}|{0}{1}" }, dataset));
        Assert.Contains("3 tasks", twoTasks.Message);
    }

    [Fact]
    public void TheTrainerBuildsAFullySharedLayoutUnlessToldOtherwise()
    {
        var dataset = TinyTraining.Dataset();
        var shared = new MultiTaskTrainer(Valid, dataset);
        Assert.True(shared.Layout.IsFullyShared);
        Assert.Equal(["segment_semantic", "normal", "depth_zbuffer"], shared.Spec.TaskNames);
        Assert.Equal(16, shared.Spec.InputHeight);

        var picked = new MultiTaskTrainer(Valid with { Tasks = ["depth", "seg"], Layout = "{0,1}|{0,1}|{0}{1}|{0}{1}|{0}{1}" }, dataset);
        Assert.Equal(["depth_zbuffer", "segment_semantic"], picked.Spec.TaskNames);
        Assert.Equal(2, picked.Layout.GroupCount(4));
    }
}
