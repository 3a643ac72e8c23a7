namespace MtlAttack.Cli.Tests;
