namespace MtlAttack.Silo.Tests;
