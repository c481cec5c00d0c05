// Package webrtc sends a payload over a WebRTC data channel three ways: the
// naive loop that bpvet's BP003 reports, the hand-written flow-control loop,
// and the runtime's channel writer. Both ends run in one process and talk
// over 127.0.0.1 only.
package webrtc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/pion/ice/v4"
	"github.com/pion/webrtc/v4"
)

// A Link is an open data channel between two peer connections in this
// process, whose receiving end checks what arrives (see [Receiver]).
type Link struct {
	Channel  *webrtc.DataChannel // the sending end, open
	Receiver *Receiver

	offer, answer *webrtc.PeerConnection
}

// loopbackAPI gathers one host candidate, on 127.0.0.1 over UDP: no
// STUN, no mDNS, no other interface.
func loopbackAPI() *webrtc.API {
	var s webrtc.SettingEngine
	s.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	s.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	s.SetIncludeLoopbackCandidate(true)
	s.SetIPFilter(func(ip net.IP) bool { return ip.Equal(net.IPv4(127, 0, 0, 1)) })
	return webrtc.NewAPI(webrtc.WithSettingEngine(s))
}

// Connect opens a Link whose receiver expects the stream of [Payload] with
// the given seed.
func Connect(ctx context.Context, seed uint64) (l *Link, err error) {
	api := loopbackAPI()
	l = &Link{Receiver: newReceiver(seed)}
	defer func() {
		if err != nil {
			l.Close()
		}
	}()
	if l.offer, err = api.NewPeerConnection(webrtc.Configuration{}); err != nil {
		return nil, err
	}
	if l.answer, err = api.NewPeerConnection(webrtc.Configuration{}); err != nil {
		return nil, err
	}
	opened := make(chan struct{})
	var once sync.Once
	l.answer.OnDataChannel(func(dc *webrtc.DataChannel) {
		dc.OnMessage(func(m webrtc.DataChannelMessage) { l.Receiver.receive(m.Data) })
		dc.OnOpen(func() { once.Do(func() { close(opened) }) })
	})
	if l.Channel, err = l.offer.CreateDataChannel("payload", nil); err != nil {
		return nil, err
	}
	if err = exchange(ctx, l.offer, l.answer); err != nil {
		return nil, err
	}
	sending := make(chan struct{})
	l.Channel.OnOpen(func() { close(sending) })
	for _, ch := range []chan struct{}{opened, sending} {
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("data channel not open: %w", context.Cause(ctx))
		}
	}
	return l, nil
}

// exchange runs the offer/answer exchange in process, each description sent
// once its ICE gathering is complete, so no trickle is needed.
func exchange(ctx context.Context, offer, answer *webrtc.PeerConnection) error {
	local := func(pc *webrtc.PeerConnection, d webrtc.SessionDescription) (*webrtc.SessionDescription, error) {
		gathered := webrtc.GatheringCompletePromise(pc)
		if err := pc.SetLocalDescription(d); err != nil {
			return nil, err
		}
		select {
		case <-gathered:
			return pc.LocalDescription(), nil
		case <-ctx.Done():
			return nil, fmt.Errorf("ICE gathering: %w", context.Cause(ctx))
		}
	}
	o, err := offer.CreateOffer(nil)
	if err != nil {
		return err
	}
	od, err := local(offer, o)
	if err != nil {
		return err
	}
	if err := answer.SetRemoteDescription(*od); err != nil {
		return err
	}
	a, err := answer.CreateAnswer(nil)
	if err != nil {
		return err
	}
	ad, err := local(answer, a)
	if err != nil {
		return err
	}
	return offer.SetRemoteDescription(*ad)
}

// Close closes both peer connections.
func (l *Link) Close() error {
	var errs []error
	for _, pc := range []*webrtc.PeerConnection{l.offer, l.answer} {
		if pc != nil {
			errs = append(errs, pc.Close())
		}
	}
	return errors.Join(errs...)
}
