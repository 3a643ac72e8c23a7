using System.CommandLine;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Options;

/// <summary><c>--protocol ours|reference</c> for <c>eval</c>, <c>attack</c>, <c>study</c> and <c>evaluations start</c>.</summary>
public static class ProtocolOption
{
    public static Option<EvaluationProtocol> Create() => new("--protocol")
    {
        Description = "How to attack and score: ours (default) or reference, the reference study's metrics, losses, APGD and CSV (reference-ALGORITHM.csv), quirks included and named in the report; without --eps, reference attacks its sweep 1..9,10,12,14,16.",
        HelpName = "ours|reference",
        DefaultValueFactory = _ => EvaluationProtocol.Ours,
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            try
            {
                return EvaluationProtocols.Parse(text);
            }
            catch (ArgumentException e)
            {
                result.AddError($"--protocol: {e.Message}");
                return EvaluationProtocol.Ours;
            }
        },
    };
}
