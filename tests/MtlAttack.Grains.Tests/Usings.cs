namespace MtlAttack.Grains.Tests;
