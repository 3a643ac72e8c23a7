using MtlAttack.Api.Endpoints;

namespace MtlAttack.Api.Tests;

public class EchoedInputTests
{
    [Fact]
    public void ALongQuotedInputIsCutToItsStartAndLength()
    {
        string shortened = EchoedInput.Shorten($"Unknown attack algorithm '{new string('x', 500)}'; use fgsm, pgd or apgd.")!;
        Assert.Equal($"Unknown attack algorithm '{new string('x', 40)}… (500 characters)'; use fgsm, pgd or apgd.", shortened);
    }

    [Fact]
    public void ApostrophesInProseAreNotQuotes()
    {
        // A TorchScript refusal: between "'segment_semantic'" and "model.json's" lie more than 100 characters of advice.
        const string message = "Task 'segment_semantic': the module returns 6 channels but the task needs 13 (segmentation needs one channel per class, " +
            "as model.json's classes say); fix model.json's tasks (their order is the order of the module's outputs) or the module.";
        Assert.Equal(message, EchoedInput.Shorten(message));
    }

    [Fact]
    public void AQuotedInputWithApostrophesInsideIsStillCut()
    {
        string input = string.Concat(Enumerable.Repeat("it's ", 100));
        string shortened = EchoedInput.Shorten($"Unknown dataset '{input}'.")!;
        Assert.Contains("(500 characters)", shortened);
        Assert.True(shortened.Length < 120, shortened);
    }

    [Fact]
    public void TheWholeTextIsCappedWhateverItHolds()
    {
        string shortened = EchoedInput.Shorten(new string('y', 10_000))!;
        Assert.EndsWith("(10,000 characters)", shortened);
        Assert.StartsWith(new string('y', EchoedInput.MaxDetail) + "…", shortened);
    }
}
