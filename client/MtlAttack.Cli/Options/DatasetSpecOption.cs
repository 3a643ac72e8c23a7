using System.CommandLine;
using MtlAttack.Core.Datasets;

namespace MtlAttack.Cli.Options;

/// <summary><c>--dataset SPEC</c>, parsed while the command line is parsed, so a malformed spec is a usage error.</summary>
public static class DatasetSpecOption
{
    public static Option<DatasetSpec> Create() => new("--dataset")
    {
        Description = $"Dataset to use: {DatasetSpec.AcceptedForms}.",
        HelpName = "SPEC",
        Required = true,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            try
            {
                return DatasetSpec.Parse(text);
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
                return null;
            }
        },
    };
}
