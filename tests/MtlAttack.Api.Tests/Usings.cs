namespace MtlAttack.Api.Tests;
