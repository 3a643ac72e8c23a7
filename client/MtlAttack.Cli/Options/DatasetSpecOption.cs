using System.CommandLine;
using MtlAttack.Core.Datasets;

namespace MtlAttack.Cli.Options;

/// <summary><c>--dataset SPEC</c>, parsed while the command line is parsed, so a malformed spec is a usage error.</summary>
public static class DatasetSpecOption
{
    /// <param name="required">False where the command can fall back on another source (e.g. the dataset a model was trained on).</param>
    /// <param name="description">Replaces the default description, which lists the accepted forms.</param>
    public static Option<DatasetSpec> Create(bool required = true, string? description = null) => new("--dataset")
    {
        Description = description ?? $"Dataset to use: {DatasetSpec.AcceptedForms}.",
        HelpName = "SPEC",
        Required = required,
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
