"""Hand-computed CartPole-v1 steps: gym's classic-control `CartPoleEnv.step` equations
(gym/envs/classic_control/cartpole.py, kinematics_integrator="euler"), written out here in
float64 Python for fixed states and actions. Prints the values that cartpole.test.ts holds.

    python3 scripts/refs/ppo/cartpole_refs.py
"""
import json, math

gravity, masscart, masspole = 9.8, 1.0, 0.1
total_mass = masspole + masscart
length = 0.5
polemass_length = masspole * length
force_mag, tau = 10.0, 0.02
theta_threshold_radians = 12 * 2 * math.pi / 360
x_threshold = 2.4

def step(state, action):
    x, x_dot, theta, theta_dot = state
    force = force_mag if action == 1 else -force_mag
    costheta, sintheta = math.cos(theta), math.sin(theta)
    temp = (force + polemass_length * theta_dot**2 * sintheta) / total_mass
    thetaacc = (gravity * sintheta - costheta * temp) / (length * (4.0 / 3.0 - masspole * costheta**2 / total_mass))
    xacc = temp - polemass_length * thetaacc * costheta / total_mass
    x = x + tau * x_dot
    x_dot = x_dot + tau * xacc
    theta = theta + tau * theta_dot
    theta_dot = theta_dot + tau * thetaacc
    terminated = bool(x < -x_threshold or x > x_threshold or theta < -theta_threshold_radians or theta > theta_threshold_radians)
    return [x, x_dot, theta, theta_dot], terminated

cases = [
    ([0.0, 0.0, 0.0, 0.0], 1),
    ([0.0, 0.0, 0.0, 0.0], 0),
    ([0.01, -0.02, 0.03, 0.04], 1),
    ([-1.2, 0.7, -0.15, 1.3], 0),
    ([2.0, 1.5, 0.1, -2.0], 1),
    ([2.39, 1.0, 0.0, 0.0], 1),        # x crosses 2.4: terminated
    ([0.0, 0.0, 0.205, 0.5], 0),       # theta crosses 12 degrees: terminated
    ([0.0, 0.0, -0.205, -0.5], 1),     # theta crosses -12 degrees: terminated
]
out = []
for state, action in cases:
    nxt, term = step(state, action)
    out.append({"state": state, "action": action, "next": nxt, "terminated": term})
print(json.dumps(out, indent=1))
# A 20-step trajectory from a fixed state under alternating actions.
s = [0.02, -0.01, 0.03, -0.02]
traj = []
for t in range(20):
    s, term = step(s, t % 2)
    traj.append(s)
print(json.dumps({"start": [0.02, -0.01, 0.03, -0.02], "actions": "t % 2", "after20": traj[-1]}))
