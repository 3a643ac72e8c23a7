namespace MtlAttack.Abstractions.Tests;
