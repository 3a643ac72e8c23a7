using System.CommandLine;
using MtlAttack.Core.Models.Backbones;

namespace MtlAttack.Cli.Options;

/// <summary><c>--backbone small|resnet18|resnet34</c>, checked against the catalog while parsing.</summary>
public static class BackboneOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--backbone")
        {
            Description = $"Backbone network: {string.Join(", ", BackboneCatalog.All.Select(b => b.Name))} (small is the CPU default for 64x64 images).",
            HelpName = "NAME",
            DefaultValueFactory = _ => BackboneCatalog.CpuDefault,
        };
        option.AcceptOnlyFromAmong([.. BackboneCatalog.Names]);
        return option;
    }
}
