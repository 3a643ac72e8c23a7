namespace MtlAttack.Client.Tests;
