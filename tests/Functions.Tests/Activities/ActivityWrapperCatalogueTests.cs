using System.Reflection;
using System.Reflection.Emit;
using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Functions.Orchestration;

namespace RetrainFunctions.Functions.Tests.Activities;

/// <summary>
/// The Functions activity wrappers against <see cref="RetrainActivities"/>, the one declaration of each activity: the
/// same names, inputs, outputs and services, the cancellation token taken and passed on, and each body a call to its
/// catalogue entry.
/// </summary>
public sealed class ActivityWrapperCatalogueTests
{
    private static readonly MethodInfo[] Wrappers =
    [
        .. typeof(RetrainOrchestration).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => method.GetParameters().Any(parameter => parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)),
    ];

    public static TheoryData<string> ActivityNames() => new(RetrainActivities.All.Select(activity => activity.Name));

    [Fact]
    public void Wrappers_Names_AreExactlyTheCataloguesOnceEach()
    {
        var names = Wrappers.Select(method => method.GetCustomAttribute<FunctionAttribute>()?.Name).ToList();

        Assert.Equal(RetrainActivities.All.Select(activity => activity.Name).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(11, RetrainActivities.All.Count);
    }

    [Theory]
    [MemberData(nameof(ActivityNames))]
    public void Wrapper_Signature_MatchesTheCatalogueEntry(string name)
    {
        var (activity, wrapper) = Pair(name);
        var parameters = wrapper.GetParameters();

        Assert.Equal(activity.InputType, Assert.Single(parameters, p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null).ParameterType);
        Assert.Equal(typeof(Task<>).MakeGenericType(activity.OutputType), wrapper.ReturnType);
        Assert.Equal(typeof(CancellationToken), parameters[^1].ParameterType);
        var constructor = Assert.Single(wrapper.DeclaringType!.GetConstructors());
        Assert.Equal([activity.ServiceType], constructor.GetParameters().Select(p => p.ParameterType));
    }

    [Theory]
    [MemberData(nameof(ActivityNames))]
    public void Wrapper_Body_CallsItsCatalogueEntryPassingTheCancellationToken(string name)
    {
        var (activity, wrapper) = Pair(name);
        var instructions = Instructions(wrapper).ToList();

        // The cancellation token is the last parameter; an instance method's arguments start at 1 (0 is this).
        var tokenArgument = wrapper.GetParameters().Length - (wrapper.IsStatic ? 1 : 0);
        Assert.Contains(instructions, i => LoadsArgument(i, tokenArgument));
        var called = instructions
            .Where(i => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt)
            .Select(i => wrapper.Module.ResolveMethod(i.Operand, wrapper.DeclaringType!.GetGenericArguments(), null))
            .ToList();
        var run = Assert.Single(called, method => method!.Name == nameof(RetrainActivity<object, object, object>.RunAsync));
        Assert.Equal(activity.GetType(), run!.DeclaringType);
        Assert.Equal(typeof(CancellationToken), run.GetParameters()[^1].ParameterType);
        Assert.Contains(called, method => method!.DeclaringType == typeof(RetrainActivities) && method.Name == "get_" + name);
    }

    private static (IRetrainActivity Activity, MethodInfo Wrapper) Pair(string name) =>
        (RetrainActivities.All.Single(a => a.Name == name), Assert.Single(Wrappers, w => w.GetCustomAttribute<FunctionAttribute>()?.Name == name));

    private static bool LoadsArgument((OpCode OpCode, int Operand) instruction, int index) => instruction.OpCode.Value switch
    {
        var v when v == OpCodes.Ldarg_0.Value => index == 0,
        var v when v == OpCodes.Ldarg_1.Value => index == 1,
        var v when v == OpCodes.Ldarg_2.Value => index == 2,
        var v when v == OpCodes.Ldarg_3.Value => index == 3,
        var v when v == OpCodes.Ldarg_S.Value || v == OpCodes.Ldarg.Value || v == OpCodes.Ldarga_S.Value || v == OpCodes.Ldarga.Value => instruction.Operand == index,
        _ => false,
    };

    /// <summary>Decodes a method body into its instructions (operands of 1, 2 or 4 bytes read as integers).</summary>
    private static IEnumerable<(OpCode OpCode, int Operand)> Instructions(MethodInfo method)
    {
        var codes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(c => c.Value);
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var code = codes[value];
            at += code.Size;
            var size = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
            var operand = size switch { 1 => il[at], 2 => BitConverter.ToInt16(il, at), 4 => BitConverter.ToInt32(il, at), _ => 0 };
            at += size;
            yield return (code, operand);
        }
    }
}
